"""Read: lines -> Document (layouts, labels, text repair, names, withheld and private text)."""
