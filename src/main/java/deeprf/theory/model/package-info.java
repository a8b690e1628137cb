/** The weight-free curve of a ridge spec's model ({@link deeprf.theory.model.ModelTheory}): which formula applies, or why none does. */
package deeprf.theory.model;
