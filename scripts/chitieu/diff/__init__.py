"""`chitieu diff`: what changed in the data between two versions of the package.

`compare` sets two packages side by side, pure, by record; `report` tells each change as
the sentence a maintainer reads, in their language, as text, Markdown or JSON.
"""
