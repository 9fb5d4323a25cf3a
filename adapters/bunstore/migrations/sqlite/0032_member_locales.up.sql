-- Members' language setting (zh-CN, en): the language of the site once the
-- member logs in and of the emails the member receives. No row: unset (the
-- browser's language, then zh-CN).
CREATE TABLE IF NOT EXISTS member_locales (
    member_id  TEXT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
