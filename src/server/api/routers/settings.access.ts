import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {
  "settings.letterhead": { allowed: ["admin"], call: (c) => c.settings.letterhead() },
  "settings.updateLetterhead": {
    allowed: ["admin"],
    call: (c) => c.settings.updateLetterhead({ hospital: "Fixture Hospital", department: "Tumour Board", address: "1 Test Road", phone: "+1 555 0100", email: "" }),
  },
  "settings.datasetPrivacy": { allowed: ["admin"], call: (c) => c.settings.datasetPrivacy() },
  // k = 5 is the default: the row leaves the setting as every other test expects it.
  "settings.updateDatasetPrivacy": { allowed: ["admin"], call: (c) => c.settings.updateDatasetPrivacy({ k: 5 }) },
};
