import { describe, expect, it } from "vitest";
import { Agent, RegimenClass } from "../generated/prisma/enums";
import { HER2_DIRECTED_ADC_CLASSES, TROP2_DIRECTED_ADC_CLASSES, regimenClassOfAgents } from "./regimen-classes";

describe("regimen class from a line's agents", () => {
  it("names ADCs by their target", () => {
    expect(regimenClassOfAgents(["TRASTUZUMAB_DERUXTECAN"])).toBe("T_DXD");
    expect(regimenClassOfAgents(["TRASTUZUMAB_EMTANSINE"])).toBe("T_DM1");
    expect(regimenClassOfAgents(["DISITAMAB_VEDOTIN"])).toBe("OTHER_HER2_ADC");
    expect(regimenClassOfAgents(["TRASTUZUMAB_REZETECAN"])).toBe("OTHER_HER2_ADC");
    expect(regimenClassOfAgents(["SACITUZUMAB_GOVITECAN"])).toBe("SACITUZUMAB_GOVITECAN");
    expect(regimenClassOfAgents(["DATOPOTAMAB_DERUXTECAN"])).toBe("OTHER_TROP2_ADC");
    for (const regimen of HER2_DIRECTED_ADC_CLASSES) expect(TROP2_DIRECTED_ADC_CLASSES).not.toContain(regimen);
  });

  it("makes any HER2 TKI regimen a TKI line, with or without trastuzumab (the demo's lapatinib fix)", () => {
    expect(regimenClassOfAgents(["LAPATINIB", "CAPECITABINE"])).toBe("HER2_TKI");
    expect(regimenClassOfAgents(["TUCATINIB", "TRASTUZUMAB", "CAPECITABINE"])).toBe("HER2_TKI");
    expect(regimenClassOfAgents(["PYROTINIB", "CAPECITABINE"])).toBe("HER2_TKI");
    expect(regimenClassOfAgents(["NERATINIB"])).toBe("HER2_TKI");
    expect(regimenClassOfAgents(["DOCETAXEL", "TRASTUZUMAB", "PERTUZUMAB"])).toBe("TRASTUZUMAB_BASED");
  });

  it("separates endocrine therapy alone, with CDK4/6 and with PI3K/AKT/mTOR inhibitors", () => {
    expect(regimenClassOfAgents(["FULVESTRANT"])).toBe("ENDOCRINE");
    expect(regimenClassOfAgents(["LETROZOLE", "PALBOCICLIB"])).toBe("ENDOCRINE_CDK46");
    expect(regimenClassOfAgents(["FULVESTRANT", "ALPELISIB"])).toBe("ENDOCRINE_PI3K_AKT_MTOR");
    expect(regimenClassOfAgents(["FULVESTRANT", "CAPIVASERTIB"])).toBe("ENDOCRINE_PI3K_AKT_MTOR");
    expect(regimenClassOfAgents(["EXEMESTANE", "EVEROLIMUS"])).toBe("ENDOCRINE_PI3K_AKT_MTOR");
    expect(regimenClassOfAgents(["FULVESTRANT", "PALBOCICLIB", "INAVOLISIB"])).toBe("ENDOCRINE_CDK46");
  });

  it("leaves the class entered when the agents do not say", () => {
    expect(regimenClassOfAgents([])).toBeNull();
    expect(regimenClassOfAgents(["OTHER"])).toBeNull();
    expect(regimenClassOfAgents(["PEMBROLIZUMAB", "PACLITAXEL"])).toBe("IMMUNOTHERAPY");
    expect(regimenClassOfAgents(["PACLITAXEL"])).toBe("CHEMOTHERAPY");
    expect(regimenClassOfAgents(["OLAPARIB"])).toBe("PARP_INHIBITOR");
  });

  it("classifies every single agent into a known class or none", () => {
    for (const agent of Object.values(Agent)) {
      const regimen = regimenClassOfAgents([agent]);
      if (agent === "OTHER") expect(regimen).toBeNull();
      else expect(Object.values(RegimenClass)).toContain(regimen);
    }
  });
});
