"""(being built)"""
from fastapi import APIRouter


def routes(console) -> APIRouter:
    return APIRouter()
