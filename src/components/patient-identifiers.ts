import { formatCalendarDate } from "./format";

/**
 * A name alone does not tell two patients apart (two "ANDERSSON, Karin" on one board): wherever a person picks a
 * patient, the MRN and the birth date stand beside the name.
 */
export const patientIdentifiers = (p: { mrn: string; birthDate: Date }) => `MRN ${p.mrn} · born ${formatCalendarDate(p.birthDate)}`;
