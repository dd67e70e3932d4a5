//! Unit tests of the parameter forms.
