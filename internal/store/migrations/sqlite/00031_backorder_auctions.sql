-- Private auctions among this operator's clients (internal/backorder
-- auction.go) when several back-ordered a name the registrar caught. SQLite
-- twin of migrations/postgres/00031_backorder_auctions.sql; keep the two alike.
-- One auction per registry application (reference); its bids are proxy bids
-- (max, minor units). price and leader are the auction's state after the last
-- bid; registry_price is what the registrar charged for its own auction.

-- +goose Up
CREATE TABLE backorder_auctions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    reference      TEXT NOT NULL UNIQUE,
    fqdn           TEXT NOT NULL,
    currency       TEXT NOT NULL,
    opening        INTEGER NOT NULL CONSTRAINT opening_valid CHECK (opening > 0),
    registry_price INTEGER NOT NULL DEFAULT 0,
    start_at       TEXT NOT NULL,
    end_at         TEXT NOT NULL,
    extensions     INTEGER NOT NULL DEFAULT 0,
    leader         INTEGER NOT NULL,
    price          INTEGER NOT NULL,
    settled        INTEGER NOT NULL DEFAULT 0 CONSTRAINT settled_valid CHECK (settled IN (0, 1))
) STRICT;

CREATE TABLE backorder_bids (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    auction_id INTEGER NOT NULL REFERENCES backorder_auctions (id),
    client_id  INTEGER NOT NULL,
    max_bid    INTEGER NOT NULL CONSTRAINT max_bid_valid CHECK (max_bid > 0),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX backorder_bids_auction ON backorder_bids (auction_id, id);

-- +goose Down
DROP TABLE backorder_bids;
DROP TABLE backorder_auctions;
