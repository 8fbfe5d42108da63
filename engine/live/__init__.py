"""engine/live"""
