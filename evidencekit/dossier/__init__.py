"""PDF dossiers for the police, Pharos, lawyers and Moroccan recipients, built with reportlab."""
