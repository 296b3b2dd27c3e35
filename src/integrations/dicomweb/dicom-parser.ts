import * as dicomParserModule from "dicom-parser";

type DicomParserApi = typeof dicomParserModule;
// dicom-parser ships a UMD bundle: under Node ESM its API sits on `default`, under bundlers on the namespace.
export const dicomParser: DicomParserApi = (dicomParserModule as unknown as { default?: DicomParserApi }).default ?? dicomParserModule;
