"""Getting pages: guarded HTTP (`fetch`) giving a `page`, bytes to text (`decode`), and the
article links of feeds, listing pages and sitemaps (`links`)."""
