-- The fast path keeps each series' WADO-RS metadata answer in memory (src/server/fast-path/series-metadata.ts). An
-- instance added to a series, or an instance's stored metadata rewritten, changes that answer: announce the series
-- on the access channel (`m:<DicomSeries id>`) so that every app instance drops its copy at once. Moves and deletions
-- already announce `scope` (migration 20261206120000). Identical payloads within a transaction arrive once, so a
-- study import of hundreds of instances sends one announcement per series.
CREATE FUNCTION concilium_series_content_notify() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('concilium_access', 'm:' || NEW."seriesId");
  RETURN NULL;
END $$;

CREATE TRIGGER dicom_instance_series_content_notify AFTER INSERT OR UPDATE OF "metadata" ON "DicomInstance"
  FOR EACH ROW EXECUTE FUNCTION concilium_series_content_notify();
