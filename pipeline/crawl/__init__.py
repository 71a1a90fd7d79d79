"""Getting pages: guarded HTTP (`fetch`), bytes to text (`decode`), and the article links
of feeds, listing pages and sitemaps (`links`)."""
