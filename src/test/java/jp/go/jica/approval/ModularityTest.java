package jp.go.jica.approval;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The package-by-feature layout stays true: no cycles, no reaching into another module's internals. */
class ModularityTest {

  static final ApplicationModules MODULES = ApplicationModules.of(ApprovalPlatformApplication.class);

  @Test
  void modulesOnlyUseEachOthersPublicTypesAndFormNoCycle() {
    MODULES.verify();
  }

  @Test
  void writesTheModuleDiagramForTheReadme() {
    new Documenter(MODULES).writeModulesAsPlantUml();
  }
}
