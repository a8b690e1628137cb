/** Shared helpers of the spec parsers: how values are shown in messages, and "did you mean" suggestions. */
package deeprf.spec;
