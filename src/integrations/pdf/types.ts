/** Plain data the PDF renderers take: labels already in words, dates as Dates (shown in the server's time zone). */

export interface Letterhead {
  hospital: string;
  department: string;
  address: string;
  phone: string;
  email: string;
}

export interface PatientLine {
  familyName: string;
  givenName: string;
  mrn: string;
  /** A calendar date at midnight UTC. */
  birthDate: Date;
}

export interface AgendaDocument {
  board: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  videoLink: string | null;
  items: {
    position: number;
    patient: PatientLine;
    diagnosis: string | null;
    questionType: string;
    clinicalQuestion: string;
    urgent: boolean;
    minutesBudget: number;
  }[];
  letterhead?: Letterhead;
  generatedAt?: Date;
}

export interface DecisionSummary {
  version: number;
  signed: boolean;
  /** e.g. "cT2a N2 M0", null when not staged. */
  tnm: string | null;
  stageGroup: string | null;
  histology: string;
  grade: string | null;
  ecog: number | null;
  biomarkers: { marker: string; value: string; method?: string | null }[];
  intent: string;
  modalities: string[];
  trialIdentifier: string | null;
  sequence: string;
  recommendation: string;
  rationale: string;
  guideline: string | null;
  dissents: { name: string; specialty?: string | null; opinion: string }[];
  /** null outside a meeting. */
  quorate: boolean | null;
  quorumMissing: string[];
  /** Why the chair signed without quorum. */
  quorumOverrideReason?: string | null;
  signedBy: string | null;
  signedAt: Date | null;
  correctionReason: string | null;
}

export interface MinutesDocument {
  board: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  videoLink: string | null;
  status: string;
  attendance: { name: string; specialty: string; mode: string }[];
  quorum: { required: string[]; met: boolean; missing: string[] };
  items: {
    position: number;
    patient: PatientLine;
    diagnosis: string | null;
    clinicalQuestion: string;
    status: string;
    /** When the board actually discussed the case, if recorded. */
    discussedAt?: Date | null;
    deferredReason: string | null;
    decision: DecisionSummary | null;
  }[];
  letterhead?: Letterhead;
  generatedAt?: Date;
}

export interface LetterDocument {
  letterhead: Letterhead;
  recipient: { name: string; address: string | null; role: "referring physician" | "general practitioner" };
  patient: PatientLine & { sex: string };
  diagnosis: string | null;
  clinicalQuestion: string;
  board: string;
  meetingDate: Date | null;
  decision: DecisionSummary;
  /** The chair who signed: the letter's signature. */
  chair: string;
  generatedAt?: Date;
}
