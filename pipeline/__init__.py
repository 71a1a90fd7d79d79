"""newswatch: new statements on your topics, from the news sources you list."""
