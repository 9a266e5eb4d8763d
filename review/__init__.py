"""The content review script: every snippet of every language in one HTML document for clinicians."""
