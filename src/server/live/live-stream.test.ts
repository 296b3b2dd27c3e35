import { describe, expect, it } from "vitest";
import { LiveBus } from "./live-bus";
import { liveEventStream } from "./live-stream";

const decoder = new TextDecoder();

describe("liveEventStream with stillAllowed (a meeting guest's stream)", () => {
  it("sends changes while allowed and ends the stream, without sending, at the first change after access closed", async () => {
    const bus = new LiveBus();
    let allowed = true;
    const stream = liveEventStream({ bus, meetingId: "m1", lastEventId: null, load: async () => ({ meetingId: "m1", seq: 1, presenter: null, view: null }), stillAllowed: async () => allowed });
    const reader = stream.getReader();
    let text = "";
    while (!text.includes("id: 1\n")) text += decoder.decode((await reader.read()).value);

    bus.deliver(JSON.stringify({ m: "m1", s: 2, p: "u1", n: "Dr Chair", v: null, x: true }));
    while (!text.includes("id: 2\n")) text += decoder.decode((await reader.read()).value);

    allowed = false;
    bus.deliver(JSON.stringify({ m: "m1", s: 3, p: null, v: null, x: true }));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).not.toContain("id: 3\n");
    expect(bus.subscriberCount("m1")).toBe(0);
  });
});
