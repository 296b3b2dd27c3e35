import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

// The demo's LIDC CT (thoracic board), as a PACS would retrieve it through Next's real routing.
const LIDC_STUDY = "1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178";

test("a whole study is retrieved over WADO-RS; unknown DICOMweb paths and methods answer JSON errors, never the HTML page", async ({ page, request }) => {
  const anonymous = await request.get(`/api/dicomweb/studies/${LIDC_STUDY}`);
  expect([anonymous.status(), anonymous.headers()["content-type"]]).toEqual([401, "application/json"]);
  const badToken = await request.get(`/api/dicomweb/studies/${LIDC_STUDY}`, { headers: { Authorization: "Bearer guessed" } });
  expect([badToken.status(), badToken.headers()["www-authenticate"]]).toEqual([401, 'Bearer realm="Concilium DICOMweb"']);

  await signInAs(page, "radiologist@concilium.test");
  const study = await page.request.get(`/api/dicomweb/studies/${LIDC_STUDY}`, { headers: { Accept: 'multipart/related; type="application/dicom"' } });
  expect(study.status()).toBe(200);
  expect(study.headers()["content-type"]).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
  expect((await study.body()).length).toBeGreaterThan(133 * 512 * 512 * 2);
  const notAcceptable = await page.request.get(`/api/dicomweb/studies/${LIDC_STUDY}`, { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.90' } });
  expect(notAcceptable.status()).toBe(406);

  for (const path of [`/api/dicomweb/studies/${LIDC_STUDY}/nonsense`, "/api/dicomweb/workitems", "/api/dicomweb"]) {
    const unknown = await page.request.get(path);
    expect([unknown.status(), unknown.headers()["content-type"]], path).toEqual([404, "application/json"]);
    expect(await unknown.text()).not.toContain("<html");
  }
  const wrongMethod = await page.request.delete(`/api/dicomweb/studies/${LIDC_STUDY}`, { headers: { Origin: new URL(page.url()).origin } });
  expect([wrongMethod.status(), wrongMethod.headers()["allow"], wrongMethod.headers()["content-type"]]).toEqual([405, "GET", "application/json"]);
});
