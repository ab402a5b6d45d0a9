"""Site: Documents -> Site model -> Markdown pages."""
