package jp.go.jica.approval.ledger;

import java.util.Comparator;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/registers}: the registers the user may see, with their columns, for the registers page. */
@RestController
class RegisterPage {

  private final List<RegisterView> registers;

  RegisterPage(List<RegisterView> registers) {
    this.registers = registers.stream().sorted(Comparator.comparingInt(RegisterView::order)).toList();
  }

  /** One tab of the page. */
  record Tab(String key, String title, String json, String csv, List<String> filters, List<Column> columns) {
  }

  @GetMapping("/api/registers")
  List<Tab> registers(Authentication user) {
    return registers.stream().filter(register -> register.visibleTo(user))
        .map(register -> new Tab(register.key(), register.title(), register.path(), register.path() + ".csv",
            register.filters(), register.columns()))
        .toList();
  }
}
