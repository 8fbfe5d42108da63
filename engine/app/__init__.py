"""engine/app"""
