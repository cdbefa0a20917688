"""Anchor towns for synthetic sites: logistics clusters of France and Belgium (the big metropolitan
areas, ports, motorway corridors). Sites are scattered around them, denser around the larger
ones, plus a share spread evenly over each country. Coordinates are town centres, rounded."""

# (municipality, lon, lat, country, department/province, region, weight)
ANCHORS: list[tuple[str, float, float, str, str, str, int]] = [
    ("Paris", 2.35, 48.86, "FR", "Paris", "Île-de-France", 30),
    ("Roissy-en-France", 2.52, 49.00, "FR", "Val-d'Oise", "Île-de-France", 12),
    ("Sénart", 2.55, 48.60, "FR", "Seine-et-Marne", "Île-de-France", 10),
    ("Lyon", 4.84, 45.76, "FR", "Rhône", "Auvergne-Rhône-Alpes", 16),
    ("Saint-Quentin-Fallavier", 5.11, 45.64, "FR", "Isère", "Auvergne-Rhône-Alpes", 8),
    ("Marseille", 5.37, 43.30, "FR", "Bouches-du-Rhône", "Provence-Alpes-Côte d'Azur", 10),
    ("Fos-sur-Mer", 4.94, 43.44, "FR", "Bouches-du-Rhône", "Provence-Alpes-Côte d'Azur", 6),
    ("Lille", 3.06, 50.63, "FR", "Nord", "Hauts-de-France", 14),
    ("Lauwin-Planque", 3.05, 50.39, "FR", "Nord", "Hauts-de-France", 6),
    ("Toulouse", 1.44, 43.60, "FR", "Haute-Garonne", "Occitanie", 8),
    ("Bordeaux", -0.58, 44.84, "FR", "Gironde", "Nouvelle-Aquitaine", 8),
    ("Nantes", -1.55, 47.22, "FR", "Loire-Atlantique", "Pays de la Loire", 7),
    ("Montbert", -1.48, 47.06, "FR", "Loire-Atlantique", "Pays de la Loire", 2),
    ("Strasbourg", 7.75, 48.58, "FR", "Bas-Rhin", "Grand Est", 6),
    ("Dambach-la-Ville", 7.43, 48.32, "FR", "Bas-Rhin", "Grand Est", 2),
    ("Ensisheim", 7.35, 47.87, "FR", "Haut-Rhin", "Grand Est", 2),
    ("Metz", 6.18, 49.12, "FR", "Moselle", "Grand Est", 6),
    ("Augny", 6.12, 49.06, "FR", "Moselle", "Grand Est", 2),
    ("Nancy", 6.18, 48.69, "FR", "Meurthe-et-Moselle", "Grand Est", 4),
    ("Reims", 4.03, 49.26, "FR", "Marne", "Grand Est", 4),
    ("Rennes", -1.68, 48.11, "FR", "Ille-et-Vilaine", "Bretagne", 5),
    ("Briec", -3.99, 48.10, "FR", "Finistère", "Bretagne", 2),
    ("Brest", -4.49, 48.39, "FR", "Finistère", "Bretagne", 2),
    ("Rouen", 1.10, 49.44, "FR", "Seine-Maritime", "Normandie", 5),
    ("Le Havre", 0.11, 49.49, "FR", "Seine-Maritime", "Normandie", 5),
    ("Caen", -0.37, 49.18, "FR", "Calvados", "Normandie", 3),
    ("Orléans", 1.91, 47.90, "FR", "Loiret", "Centre-Val de Loire", 7),
    ("Tours", 0.69, 47.39, "FR", "Indre-et-Loire", "Centre-Val de Loire", 3),
    ("Châteauroux", 1.69, 46.81, "FR", "Indre", "Centre-Val de Loire", 2),
    ("Dijon", 5.04, 47.32, "FR", "Côte-d'Or", "Bourgogne-Franche-Comté", 4),
    ("Besançon", 6.02, 47.24, "FR", "Doubs", "Bourgogne-Franche-Comté", 2),
    ("Montpellier", 3.88, 43.61, "FR", "Hérault", "Occitanie", 5),
    ("Nîmes", 4.36, 43.84, "FR", "Gard", "Occitanie", 3),
    ("Fournès", 4.61, 43.93, "FR", "Gard", "Occitanie", 2),
    ("Perpignan", 2.90, 42.70, "FR", "Pyrénées-Orientales", "Occitanie", 3),
    ("Avignon", 4.81, 43.95, "FR", "Vaucluse", "Provence-Alpes-Côte d'Azur", 4),
    ("Nice", 7.26, 43.70, "FR", "Alpes-Maritimes", "Provence-Alpes-Côte d'Azur", 3),
    ("Clermont-Ferrand", 3.08, 45.78, "FR", "Puy-de-Dôme", "Auvergne-Rhône-Alpes", 3),
    ("Saint-Étienne", 4.39, 45.43, "FR", "Loire", "Auvergne-Rhône-Alpes", 3),
    ("Grenoble", 5.72, 45.19, "FR", "Isère", "Auvergne-Rhône-Alpes", 3),
    ("Valence", 4.89, 44.93, "FR", "Drôme", "Auvergne-Rhône-Alpes", 3),
    ("Amiens", 2.30, 49.89, "FR", "Somme", "Hauts-de-France", 3),
    ("Arras", 2.78, 50.29, "FR", "Pas-de-Calais", "Hauts-de-France", 4),
    ("Le Mans", 0.20, 48.00, "FR", "Sarthe", "Pays de la Loire", 3),
    ("Angers", -0.55, 47.47, "FR", "Maine-et-Loire", "Pays de la Loire", 3),
    ("Poitiers", 0.34, 46.58, "FR", "Vienne", "Nouvelle-Aquitaine", 2),
    ("Limoges", 1.26, 45.83, "FR", "Haute-Vienne", "Nouvelle-Aquitaine", 2),
    ("Bayonne", -1.47, 43.49, "FR", "Pyrénées-Atlantiques", "Nouvelle-Aquitaine", 2),
    ("Troyes", 4.08, 48.30, "FR", "Aube", "Grand Est", 2),
    ("Bruxelles", 4.35, 50.85, "BE", "Bruxelles-Capitale", "Bruxelles-Capitale", 7),
    ("Antwerpen", 4.40, 51.22, "BE", "Antwerpen", "Vlaanderen", 7),
    ("Gent", 3.72, 51.05, "BE", "Oost-Vlaanderen", "Vlaanderen", 4),
    ("Liège", 5.57, 50.63, "BE", "Liège", "Wallonie", 5),
    ("Grâce-Hollogne", 5.45, 50.64, "BE", "Liège", "Wallonie", 3),
    ("Charleroi", 4.44, 50.41, "BE", "Hainaut", "Wallonie", 3),
    ("Namur", 4.87, 50.47, "BE", "Namur", "Wallonie", 2),
    ("Mons", 3.95, 50.45, "BE", "Hainaut", "Wallonie", 2),
    ("Leuven", 4.70, 50.88, "BE", "Vlaams-Brabant", "Vlaanderen", 3),
    ("Brugge", 3.22, 51.21, "BE", "West-Vlaanderen", "Vlaanderen", 2),
    ("Kortrijk", 3.26, 50.83, "BE", "West-Vlaanderen", "Vlaanderen", 2),
    ("Hasselt", 5.33, 50.93, "BE", "Limburg", "Vlaanderen", 2),
    ("Arlon", 5.82, 49.68, "BE", "Luxembourg", "Wallonie", 1),
]

# Bounding boxes used when a site is spread evenly over its country (then kept only if inside).
COUNTRY_BOXES = {"FR": (-4.8, 42.3, 8.2, 51.1), "BE": (2.5, 49.5, 6.4, 51.5)}
COUNTRY_SHARE = {"FR": 0.85, "BE": 0.15}

KIND_WEIGHTS = [
    ("warehouse", 40),
    ("fulfilment_centre", 20),
    ("delivery_station", 20),
    ("sorting_centre", 14),
    ("air_cargo_hub", 2),
    ("other", 4),
]
KIND_LABELS = {
    "warehouse": "Entrepôt",
    "fulfilment_centre": "Centre de distribution",
    "delivery_station": "Agence de livraison",
    "sorting_centre": "Centre de tri",
    "air_cargo_hub": "Hub fret aérien",
    "other": "Plateforme",
}
AREA_NAMES = ["Nord", "Sud", "Est", "Ouest", "Parc d'activités", "ZAC", "Zone portuaire", "Échangeur", "Les Prés"]

# Fictional operators: synthetic sites must never be attributed to real firms.
DEMO_COMPANIES = [
    ("Demo Northwind Logistics", "ecommerce_group"),
    ("Demo Contoso Fulfilment", "logistics_subsidiary"),
    ("Demo Fabrikam Parcs", "property_developer"),
    ("Demo Tailspin Cargo", "logistics_operator"),
    ("Demo Wingtip Distribution", "logistics_operator"),
    ("Demo Litware Immobilier", "property_developer"),
]
DEMO_NETWORKS = ["Demo réseau climat", "Demo réseau paysan", "Demo réseau jeunesse"]
