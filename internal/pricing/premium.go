package pricing

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/store"
)

// premiumMarkupKey is the setting that holds the premium markup table (WHMCS'
// Setup > Domain Pricing > Premium Domains), as JSON.
const premiumMarkupKey = "pricing.premium_markup"

// PremiumMarkup returns the operator's premium markup table; empty when none is set.
func (s *Service) PremiumMarkup(ctx context.Context) ([]lookup.MarkupTier, error) {
	v, err := s.db.Setting(ctx, premiumMarkupKey)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var tiers []lookup.MarkupTier
	if err := json.Unmarshal([]byte(v), &tiers); err != nil {
		return nil, fmt.Errorf("pricing: setting %s: %w", premiumMarkupKey, err)
	}
	return tiers, nil
}

// SetPremiumMarkup replaces the premium markup table (nil clears it).
func (s *Service) SetPremiumMarkup(ctx context.Context, tiers []lookup.MarkupTier) error {
	if err := lookup.ValidateTiers(tiers); err != nil {
		return err
	}
	b, err := json.Marshal(tiers)
	if err != nil {
		return fmt.Errorf("pricing: premium markup: %w", err)
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if len(tiers) == 0 {
			if err := tx.DeleteSetting(ctx, premiumMarkupKey); err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
				return err
			}
			return nil
		}
		return tx.SetSetting(ctx, premiumMarkupKey, string(b))
	})
}
