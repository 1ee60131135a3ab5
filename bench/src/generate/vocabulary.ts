/** Word lists for generated values; accents on purpose, so that UTF-8 is exercised. */
export const FIRST_NAMES = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eve', 'François', 'Grace', 'Hiro', 'Ines', 'Jürgen', 'Kofi', 'Léa', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Søren', 'Tariq'] as const;
export const LAST_NAMES = ['Smith', "O'Brien", 'García', 'Müller', 'Nakamura', 'Okafor', 'Rossi', 'Dubois', 'Kowalski', 'Ivanova', 'Chen', 'Haddad', 'Larsen', 'Silva', 'Nguyen', 'Patel'] as const;
export const NICKNAMES = ['JJ', 'Boss', 'Doc', 'Ace', 'Red'] as const;
export const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'NG', 'ES', 'IT', 'PL', 'SE', 'CN', 'MX', 'CA', 'AU'] as const;
export const WORDS = ['order', 'shipped', 'late', 'fragile', 'gift', 'express', 'return', 'refund', 'priority', 'bulk', 'sample', 'résumé', 'café', 'warehouse', 'pallet', 'invoice', 'discount', 'partner', 'retail', 'online'] as const;
export const CITIES = ['Lagos', 'Berlin', 'Paris', 'São Paulo', 'Tokyo', 'Austin', 'Kraków', 'Malmö', 'Pune', 'Toronto'] as const;
export const EVENTS = ['view', 'click', 'add_to_cart', 'purchase', 'refund'] as const;
