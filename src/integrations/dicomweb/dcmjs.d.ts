// The part of dcmjs (which ships no types) that the image store uses: its data dictionary, for the VRs of
// implicit-VR files. Extend this declaration rather than adding a second `declare module "dcmjs"`.
declare module "dcmjs" {
  export interface DcmjsDictionaryEntry {
    tag: string;
    /** A VR, or dcmjs' codes for ambiguous ones: "ox" (OB/OW), "xs" (US/SS), "lt" (US/SS/OW), "up" (UL), "na" (items). */
    vr: string;
    vm: string;
    name: string;
  }
  /** One element of a naturalised-free dataset: `dict` and `meta` are keyed "GGGGEEEE". */
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
  }
  export interface DcmjsDicomDict {
    meta: Record<string, DcmjsElement>;
    dict: Record<string, DcmjsElement | undefined>;
    upsertTag(tag: string, vr: string, values: unknown[]): void;
    write(): ArrayBuffer;
  }
  export const data: {
    DicomMetaDictionary: {
      /** Keyed "(GGGG,EEEE)" with upper-case hex; repeating groups (50xx, 60xx) resolve too. */
      dictionary: Record<string, DcmjsDictionaryEntry | undefined>;
    };
    /** Test helpers re-encode files with it. */
    DicomMessage: { readFile(buffer: ArrayBuffer): DcmjsDicomDict };
  };
}
