/** The id a DICOMweb peer acts under: never a User id (cuids have no colon), so its audit events name no user. */
export const PEER_ID_PREFIX = "dicomweb-peer:";
export const isPeerId = (id: string | null | undefined): boolean => typeof id === "string" && id.startsWith(PEER_ID_PREFIX);
