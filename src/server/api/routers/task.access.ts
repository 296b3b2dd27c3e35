import { CLINICAL_ON_A, type AccessCases } from "../../testing/access-matrix";
import type { Fixture } from "../../testing/fixture";

// One open task on case A, owned by the specialist, made on first use and shared by the rows.
const made = new WeakMap<Fixture, Promise<string>>();
function taskOnCaseA(f: Fixture): Promise<string> {
  let task = made.get(f);
  if (!task) {
    task = f.db.followUpTask.create({ data: { caseId: f.caseA.id, title: "Book PET-CT", ownerId: f.users.specialist.id, dueOn: new Date("2020-01-01T00:00:00Z") } }).then((t) => t.id);
    made.set(f, task);
  }
  return task;
}

export const access: AccessCases = {
  "task.create": {
    allowed: ["chair", "coordinator"],
    call: (c, f) => c.task.create({ caseId: f.caseA.id, decisionId: null, kind: "FOLLOW_UP", title: "Refer to surgery", detail: "", ownerId: f.users.specialist.id, dueOn: null }),
  },
  "task.listForCase": { allowed: CLINICAL_ON_A, call: (c, f) => c.task.listForCase({ caseId: f.caseA.id }) },
  "task.mine": { allowed: ["chair", "specialist", "coordinator", "outsiderChair"], call: (c) => c.task.mine() },
  "task.overdue": { allowed: ["chair", "coordinator", "outsiderChair"], call: (c) => c.task.overdue() },
  "task.setStatus": {
    allowed: CLINICAL_ON_A,
    call: async (c, f) => c.task.setStatus({ caseId: f.caseA.id, taskId: await taskOnCaseA(f), status: "DONE" }),
  },
};
