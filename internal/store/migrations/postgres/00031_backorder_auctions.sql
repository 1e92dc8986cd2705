-- Private auctions among this operator's clients (internal/backorder
-- auction.go) when several back-ordered a name the registrar caught. PostgreSQL
-- twin of migrations/sqlite/00031_backorder_auctions.sql; keep the two alike.
-- One auction per registry application (reference); its bids are proxy bids
-- (max, minor units). price and leader are the auction's state after the last
-- bid; registry_price is what the registrar charged for its own auction.

-- +goose Up
CREATE TABLE backorder_auctions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    fqdn           TEXT NOT NULL,
    currency       TEXT NOT NULL,
    opening        BIGINT NOT NULL CONSTRAINT opening_valid CHECK (opening > 0),
    registry_price BIGINT NOT NULL DEFAULT 0,
    start_at       TIMESTAMPTZ NOT NULL,
    end_at         TIMESTAMPTZ NOT NULL,
    extensions     BIGINT NOT NULL DEFAULT 0,
    leader         BIGINT NOT NULL,
    price          BIGINT NOT NULL,
    settled        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE backorder_bids (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    auction_id BIGINT NOT NULL REFERENCES backorder_auctions (id),
    client_id  BIGINT NOT NULL,
    max_bid    BIGINT NOT NULL CONSTRAINT max_bid_valid CHECK (max_bid > 0),
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX backorder_bids_auction ON backorder_bids (auction_id, id);

-- +goose Down
DROP TABLE backorder_bids;
DROP TABLE backorder_auctions;
