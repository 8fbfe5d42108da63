"""engine/records"""
