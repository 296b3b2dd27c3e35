import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "settings.letterhead": { allowed: ["admin"], call: (c) => c.settings.letterhead() },
  "settings.updateLetterhead": {
    allowed: ["admin"],
    call: (c) => c.settings.updateLetterhead({ hospital: "Fixture Hospital", department: "Tumour Board", address: "1 Test Road", phone: "+1 555 0100", email: "" }),
  },
};
