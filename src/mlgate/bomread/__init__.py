"""A CycloneDX BOM given as input: recognised among the paths, read into components, evaluated as it stands."""
