"""The painter's layers: one module per part of the picture (sky, land, water, plants, figures, weather, brushwork)."""
