package watermillbus

import (
	"github.com/ThreeDotsLabs/watermill/message"
)

// observe is the router middleware that reports each handler attempt to fn
// (Config.Observe); without fn it passes messages through.
func observe(fn func(handlerName string, err error)) message.HandlerMiddleware {
	return func(h message.HandlerFunc) message.HandlerFunc {
		if fn == nil {
			return h
		}
		return func(msg *message.Message) ([]*message.Message, error) {
			out, err := h(msg)
			fn(message.HandlerNameFromCtx(msg.Context()), err)
			return out, err
		}
	}
}
