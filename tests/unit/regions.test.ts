import { describe, expect, it } from "vitest";
import { REGIONS, regionName } from "../../db/regions.ts";

describe("region names in English", () => {
  it("gives every region of the opinion form an English form", () => {
    expect(regionName("崇川区", "en")).toBe("Chongchuan District");
    expect(regionName("如皋市", "en")).toBe("Rugao City");
    expect(regionName("如东县", "en")).toBe("Rudong County");
    for (const region of REGIONS) {
      expect(regionName(region.name, "en")).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("keeps Chinese for Chinese readers, and an unknown name as written", () => {
    expect(regionName("崇川区", "zh-CN")).toBe("崇川区");
    expect(regionName("和平桥街道", "en")).toBe("和平桥街道");
  });
});
