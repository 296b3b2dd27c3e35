import type { RoleName } from "@/domain/roles";
import type { Actor } from "../db-types";

/** The signed-in user as the slide services need them: annotations depend on role and board membership. */
export interface SlideActor extends Actor {
  role: RoleName;
  boardIds: string[];
}

/** A refusal that depends on who asks (e.g. deleting someone else's annotation); the API answers FORBIDDEN. */
export class SlidePermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SlidePermissionError";
  }
}
