"""The site: the only code that knows the site engine and its dialect.

- `urls`: the URL scheme (pages, downloads, API) and the links between pages;
- `markdown`: how text from the data is written into the engine's Markdown, safely;
- `sitemap`: the one sitemap of every language;
- `engine`: the engine itself (ProperDocs with the Material theme): build and serve.

Moving to another engine changes this folder and the config files, nothing else.
"""
