/** What every register shares: one shape (columns, visibility, the admin check), stable JSON keys and CSV that Excel on Japanese Windows opens. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"organization"})
package jp.go.jica.approval.ledger;
