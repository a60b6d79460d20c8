/** 外部電磁的記録媒体の持出し: carrying external media out of the controlled area (Art. 143-3, 145-7, 47, 48). */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.media;
