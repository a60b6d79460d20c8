/** What every register shares: stable JSON keys and CSV that Excel on Japanese Windows opens. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package jp.go.jica.approval.ledger;
