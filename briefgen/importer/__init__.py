"""`briefgen import`: a scraped page becomes a new article file.

One module per step: `extract` reads the input (a file, a URL or standard input)
and turns an HTML page into text with its metadata; `clean` turns scraped text into
a title, author, section and body blocks, leaving the page's chrome behind;
`repair` restores the apostrophes and dashes a scrape lost; `frontmatter` finds the
archive's entities in the body and writes the article file's text.
"""

# How long a URL may take to fetch, by default (`import --timeout`), in seconds.
FETCH_TIMEOUT = 20.0
