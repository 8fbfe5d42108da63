"""Measurements that back Haven's promises: frame luminance, flashes, loudness."""
