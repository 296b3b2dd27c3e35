import type { AccessCases } from "../../testing/access-matrix";

export const access: AccessCases = {};
