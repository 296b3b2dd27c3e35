import { describe, expect, it } from "vitest";
import { parseDateRange, parseInstanceQuery, parseSeriesQuery, parseStudyQuery, QueryError } from "./qido";

const q = (s: string) => new URLSearchParams(s);

describe("QIDO-RS study queries", () => {
  it("reads matching keys by keyword or by tag", () => {
    expect(parseStudyQuery(q("PatientID=LIDC-IDRI-0001&ModalitiesInStudy=CT,mr&AccessionNumber=A12*&limit=5&offset=10&includefield=all"))).toEqual({
      patientId: { value: "LIDC-IDRI-0001", prefix: false },
      modalities: ["CT", "MR"],
      accessionNumber: { value: "A12", prefix: true },
      limit: 5,
      offset: 10,
      ignored: [],
    });
    expect(parseStudyQuery(q("00100020=99000&0020000D=1.2.3\\1.2.4")).studyInstanceUids).toEqual(["1.2.3", "1.2.4"]);
    expect(parseStudyQuery(q("PatientName=DOE*")).ignored).toEqual(["PatientName"]);
  });

  it("reads StudyDate as a day or an open or closed range", () => {
    expect(parseDateRange("StudyDate", "20000101")).toEqual({ from: "2000-01-01", to: "2000-01-01" });
    expect(parseDateRange("StudyDate", "20000101-20001231")).toEqual({ from: "2000-01-01", to: "2000-12-31" });
    expect(parseDateRange("StudyDate", "-20001231")).toEqual({ to: "2000-12-31" });
    expect(parseDateRange("StudyDate", "20000101-")).toEqual({ from: "2000-01-01" });
  });

  it("refuses malformed values with a message that says what is expected", () => {
    expect(() => parseStudyQuery(q("StudyDate=2000-01-01"))).toThrow(QueryError);
    expect(() => parseStudyQuery(q("StudyDate=20000231"))).toThrow("YYYYMMDD");
    expect(() => parseStudyQuery(q("StudyDate=20001231-20000101"))).toThrow("ends before it starts");
    expect(() => parseStudyQuery(q("StudyInstanceUID=../etc"))).toThrow("DICOM UIDs");
    expect(() => parseStudyQuery(q("PatientID=*A*"))).toThrow("trailing *");
    expect(() => parseStudyQuery(q("limit=ten"))).toThrow("whole number");
    expect(() => parseStudyQuery(q("limit=0"))).toThrow("at least 1");
    expect(parseStudyQuery(q("limit=100000")).limit).toBe(1000);
  });
});

describe("QIDO-RS series and instance queries", () => {
  it("reads their keys", () => {
    expect(parseSeriesQuery(q("Modality=SEG&SeriesInstanceUID=1.2"))).toMatchObject({ modalities: ["SEG"], seriesInstanceUids: ["1.2"] });
    expect(parseInstanceQuery(q("SOPInstanceUID=1.2.3&SOPClassUID=1.2.840.10008.5.1.4.1.1.2"))).toMatchObject({
      sopInstanceUids: ["1.2.3"],
      sopClassUids: ["1.2.840.10008.5.1.4.1.1.2"],
    });
  });
});
