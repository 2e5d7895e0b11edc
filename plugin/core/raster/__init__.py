"""Raster engine: block-wise reading and writing, the numpy kernels, VRTs and raster reports."""
