"""First run: a short welcome, the language, and creating the vault."""
