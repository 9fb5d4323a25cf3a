-- Members' cards (我的会员卡, 会员证书): the version of each member's card. A
-- card's QR link is signed over the member id and this version, so a re-issued
-- card (version + 1) revokes the links of the one before. No row: version 1.
CREATE TABLE IF NOT EXISTS member_cards (
    member_id   TEXT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    reissued_at TIMESTAMP NOT NULL
);
