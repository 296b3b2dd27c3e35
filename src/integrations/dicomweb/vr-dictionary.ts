import { data } from "dcmjs";

/**
 * The VR of a tag ("GGGGEEEE", upper-case hex) for implicit-VR data, from dcmjs' data dictionary. Ambiguous VRs are
 * settled as PS3.5 A.1 says for implicit VR: OB/OW -> OW, US/SS -> by Pixel Representation. Private and unknown
 * tags are UN, except private creators (gggg,0010-00FF) which are LO.
 */
export function vrForTag(tag: string, pixelRepresentation: number | undefined): string {
  const group = Number.parseInt(tag.slice(0, 4), 16);
  const element = Number.parseInt(tag.slice(4, 8), 16);
  if (element === 0) return "UL"; // group length
  if (group % 2 === 1) return element >= 0x10 && element <= 0xff ? "LO" : "UN";
  const entry = data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4, 8)})`];
  if (!entry) return "UN";
  switch (entry.vr) {
    case "na":
      return "UN";
    case "ox":
      return "OW";
    case "xs":
      return pixelRepresentation === 1 ? "SS" : "US";
    case "lt":
      return "OW";
    case "up":
      return "UL";
    default:
      return entry.vr;
  }
}
