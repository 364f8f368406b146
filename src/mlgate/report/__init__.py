"""Output formats: plain classes (or functions) that take a Result and return text."""
