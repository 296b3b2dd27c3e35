-- Where each frame of a stored instance lies in its file: [[position, length], ...] per frame (several fragments
-- for a compressed frame split across fragments). Null until computed: at import, or lazily on the first frame read.
ALTER TABLE "DicomInstance" ADD COLUMN "frameRanges" JSONB;

-- Access caches (sessions, users and their boards, which patient a slide or study belongs to and that patient's
-- boards) are kept in memory by every app instance. Any change that could narrow access is announced on the
-- `concilium_access` channel so that every instance drops its copy at once (see src/server/fast-path/access-events.ts).
--   s:<AuthSession id>   a session was revoked, expired by a write, or deleted
--   u:<User id>          a user's role, activity or memberships changed
--   scope                a case, slide, study or instance changed patient, board, or went away
CREATE FUNCTION concilium_access_notify() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  row_data RECORD;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF TG_TABLE_NAME = 'AuthSession' THEN
    PERFORM pg_notify('concilium_access', 's:' || row_data."id");
  ELSIF TG_TABLE_NAME = 'User' THEN
    PERFORM pg_notify('concilium_access', 'u:' || row_data."id");
  ELSIF TG_TABLE_NAME = 'BoardMembership' THEN
    PERFORM pg_notify('concilium_access', 'u:' || row_data."userId");
    IF TG_OP = 'UPDATE' AND OLD."userId" <> NEW."userId" THEN
      PERFORM pg_notify('concilium_access', 'u:' || OLD."userId");
    END IF;
  ELSE
    PERFORM pg_notify('concilium_access', 'scope');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER auth_session_access_notify AFTER UPDATE OF "revokedAt", "expiresAt" OR DELETE ON "AuthSession"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER user_access_notify AFTER UPDATE OF "active", "role", "specialty", "email", "name" OR DELETE ON "User"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER board_membership_access_notify AFTER INSERT OR UPDATE OR DELETE ON "BoardMembership"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER case_access_notify AFTER INSERT OR UPDATE OF "boardId", "patientId" OR DELETE ON "Case"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER slide_access_notify AFTER UPDATE OF "patientId" OR DELETE ON "Slide"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER imaging_study_access_notify AFTER UPDATE OF "patientId", "studyInstanceUid", "source" OR DELETE ON "ImagingStudy"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
CREATE TRIGGER dicom_instance_access_notify AFTER UPDATE OF "storagePath", "seriesId" OR DELETE ON "DicomInstance"
  FOR EACH ROW EXECUTE FUNCTION concilium_access_notify();
