package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Which side of a case a step is on (Art. 16) is part of the BPMN an administrator edits: the browser
 * editor shows it among the task's extension properties, as Camunda Modeler does.
 */
class CaseSideInEditorBrowserTest extends BrowserTest {

  @Test
  @DisplayName("第16条: 管理者はエディターで手順の caseSide（申請側・確認）を確認できる")
  void anAdministratorSeesWhichSideOfTheCaseAStepIsOnInTheEditor() throws Exception {
    logIntoTasklist("admin");
    browser.get(url("/platform/editor/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    click(By.cssSelector("button.definition[data-resource='byod-permission.bpmn']"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "byod-permission.bpmn"));

    browser.findElement(By.cssSelector("g[data-element-id='acknowledgeErasure'] rect.djs-hit")).click();
    WebElement properties = browser.findElement(By.id("properties"));
    wait.until(driver -> properties.getText().contains("消去の報告を確認する"));
    click(By.xpath("//div[@id='properties']//*[normalize-space(text())='Extension properties']"));
    wait.until(driver -> properties.getText().contains("caseSide"));
    click(By.xpath("//div[@id='properties']//*[normalize-space(text())='caseSide']"));
    wait.until(driver -> inputValues().contains("certifies"));
    screenshot("editor-05-case-side");

    assertThat(inputValues()).contains("caseSide", "certifies");
    assertThat(cspViolations()).as("Content-Security-Policy violations in the BPMN editor").isEmpty();
  }

  private String inputValues() {
    return String.valueOf(((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#properties input')).map(i => i.value).join('|')"));
  }
}
