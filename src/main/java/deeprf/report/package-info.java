/** JMH results to Markdown reports with plots ({@code deeprf bench-report}), and the chart helpers every plot uses. */
package deeprf.report;
